export { writeFileAtomic, fsyncDir } from './atomic-file.js';
