import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { endpointLabel } from '../../src/server/route-audit.js';

const SECRET = 'Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z';

describe('endpointLabel (the audit record of a route)', () => {
  it('drops the query and templates a key path', () => {
    assert.equal(endpointLabel('/v1/models?api_key=x'), '/v1/models');
    assert.equal(endpointLabel('/admin/keys/0123456789ab'), '/admin/keys/{id}');
  });

  it('replaces a key pasted into a path', () => {
    const label = endpointLabel(`/sk-proj-${SECRET}`);
    assert.ok(!label.includes(SECRET.slice(0, 8)), label);
  });

  it('records no piece of a key that the 200-character cut falls inside', () => {
    // The key starts at character 188: cut first, only 5 characters of it were left, too few to be recognised.
    const label = endpointLabel(`/${'x'.repeat(185)}/sk-proj-${SECRET}`);
    assert.ok(label.length <= 200);
    assert.ok(!label.includes(SECRET.slice(0, 5)), label);
  });
});
