/**
 * Skills over HTTP: an admin sets a user's skills in the directory, reads them back, replaces
 * them whole, and is told which skill the directory refuses.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Credential, type Harness, serverHarness } from './server-harness.js';

let h: Harness;
let admin: Credential;
let bobId: string;
beforeEach(async () => {
  h = await serverHarness();
  admin = await h.user('ada', ['admin']);
  await h.user('bob', ['user']);
  const users = await h.request<{ items: { id: string; username: string }[] }>('GET', '/api/v1/users', {
    as: admin,
  });
  bobId = users.body.items.find((u) => u.username === 'bob')!.id;
});
afterEach(() => h.close());

const skillsOf = (id: string) =>
  h.request<{ items: { skill: string; level: number }[] }>('GET', `/api/v1/users/${id}/skills`, {
    as: admin,
  });

describe('skills of a user', () => {
  it('are none until an admin sets them, and then are in the directory under the user name', async () => {
    expect((await skillsOf(bobId)).body.items).toEqual([]);
    const set = await h.request('PUT', `/api/v1/users/${bobId}/skills`, {
      as: admin,
      body: { items: [{ skill: 'network', level: 3 }] },
    });
    expect(set.status).toBe(200);
    expect((await skillsOf(bobId)).body.items).toEqual([{ skill: 'network', level: 3 }]);
    expect(await h.sluice.work.directory.skills({ userId: 'bob' })).toEqual([
      { userId: 'bob', skill: 'network', level: 3 },
    ]);
  });

  it('are replaced whole by the next change', async () => {
    const put = (items: unknown) =>
      h.request('PUT', `/api/v1/users/${bobId}/skills`, { as: admin, body: { items } });
    await put([
      { skill: 'network', level: 3 },
      { skill: 'linux', level: 2 },
    ]);
    await put([{ skill: 'linux', level: 4 }]);
    expect((await skillsOf(bobId)).body.items).toEqual([{ skill: 'linux', level: 4 }]);
  });

  it('refuses a skill name the directory cannot hold, naming it, and keeps what was there', async () => {
    await h.request('PUT', `/api/v1/users/${bobId}/skills`, {
      as: admin,
      body: { items: [{ skill: 'sql', level: 1 }] },
    });
    const refused = await h.request<{ code: string; detail: string }>(
      'PUT',
      `/api/v1/users/${bobId}/skills`,
      {
        as: admin,
        body: { items: [{ skill: 'data base', level: 2 }] },
      },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('skills-refused');
    expect(refused.body.detail).toContain("'data base'");
    expect((await skillsOf(bobId)).body.items).toEqual([{ skill: 'sql', level: 1 }]);
  });
});
