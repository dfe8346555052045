export { Tag, TAG_VERSIONS } from './tags.generated.js';
export { Enum } from './enums.generated.js';
export { tagName, enumName, tagExistsIn, kmipDictionary, describeTag } from './names.js';
