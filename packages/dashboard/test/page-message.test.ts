import { describe, expect, it } from 'vitest';
import { parsePageMessage } from '../src/page-message.js';

describe('a page message is checked before anything acts on it', () => {
  it.each([
    ['not JSON', '{', /not JSON/],
    ['not an object', '[1]', /not a JSON object/],
    ['unknown type', '{"type":"reboot"}', /unknown message type/],
    ['action without id', '{"type":"action","action":"stealCluster"}', /numeric id/],
    ['unknown action', '{"type":"action","id":1,"action":"format"}', /unknown action/],
    ['unknown argument', '{"type":"action","id":1,"action":"powerOffNode","args":{"node":1}}', /unknown argument node/],
    ['argument of the wrong kind', '{"type":"action","id":1,"action":"powerOffNode","args":{"nodeID":"1"}}', /nodeID must be a number/],
    ['args not an object', '{"type":"action","id":1,"action":"powerOffNode","args":[1]}', /args must be an object/],
    ['unknown guided op', '{"type":"guided","op":"rewind"}', /unknown guided op/],
    ['file not a string', '{"type":"guided","op":"load","file":7}', /file must be a string/],
  ])('%s → refused with a reason', (_, text, why) => {
    const parsed = parsePageMessage(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(why);
  });

  it('a refused action keeps its id, so the page learns which one failed', () => {
    expect(parsePageMessage('{"type":"action","id":7,"action":"format"}')).toMatchObject({ ok: false, id: 7 });
  });

  it('accepts the messages of the protocol', () => {
    expect(parsePageMessage('{"type":"action","id":3,"action":"powerOffNode","args":{"nodeID":2}}')).toEqual({
      ok: true,
      message: { type: 'action', id: 3, action: 'powerOffNode', args: { nodeID: 2 } },
    });
    expect(parsePageMessage('{"type":"action","id":4,"action":"stealCluster"}')).toMatchObject({ ok: true, message: { args: {} } });
    expect(parsePageMessage('{"type":"guided","op":"load","file":"scenarios/boot/power-cycle-internal.yaml"}')).toMatchObject({ ok: true });
    expect(parsePageMessage('{"type":"export"}')).toEqual({ ok: true, message: { type: 'export' } });
  });
});
