/** Admin: the tenant's users (roles, groups, disabling), API keys (made once, revoked at once), groups and skills. */
import { type FormEvent, useState } from 'react';
import { allPages, api } from '../app/api';
import { formatTime } from '../app/format';
import { useMe } from '../app/session';
import type { User } from '../app/types';
import { Badge, ErrorNote, Loading, PageHeading } from '../app/ui';
import { useLoad } from '../app/use-load';
import { DirectoryPanel } from './directory-panel';
import { SkillsPanel } from './skills-panel';

const roles = ['admin', 'modeler', 'operator', 'worker', 'user'] as const;

interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly roles: string[];
  readonly createdAt: string;
  readonly createdBy: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** A text field of a submitted form. */
const field = (data: FormData, name: string): string => {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
};

const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export default function AdminPage() {
  const me = useMe();
  const users = useLoad(() => allPages<User>('/users'), []);
  const keys = useLoad(() => allPages<ApiKey>('/api-keys'), []);
  const [error, setError] = useState<unknown>();
  const [secret, setSecret] = useState<string>();

  const act = async (action: () => Promise<unknown>): Promise<void> => {
    setError(undefined);
    try {
      await action();
      users.reload();
      keys.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section>
      <PageHeading title={`Admin · tenant ${me.tenant}`} />
      <ErrorNote error={error ?? users.error ?? keys.error} />
      <h2>Users</h2>
      {users.loading && !users.value && <Loading what="users" />}
      <table className="table">
        <caption className="visually-hidden">Users</caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Roles</th>
            <th scope="col">Groups</th>
            <th scope="col">Since</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(users.value ?? []).map((u) => (
            <UserRow
              key={u.id}
              user={u}
              onChange={(patch) => void act(() => api.patch(`/users/${u.id}`, patch))}
              onDelete={() => void act(() => api.delete(`/users/${u.id}`))}
            />
          ))}
        </tbody>
      </table>
      <NewUser onCreate={(body) => act(() => api.post('/users', body))} />

      <h2>API keys</h2>
      {secret && (
        <p className="success" role="status">
          The new key, shown this once: <code>{secret}</code>
        </p>
      )}
      <table className="table">
        <caption className="visually-hidden">API keys</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Roles</th>
            <th scope="col">Made</th>
            <th scope="col">Last used</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(keys.value ?? []).map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>{k.roles.join(', ')}</td>
              <td>
                {formatTime(k.createdAt)} by {k.createdBy}
              </td>
              <td>{formatTime(k.lastUsedAt)}</td>
              <td>
                {k.revokedAt ? (
                  <Badge tone="plain">revoked</Badge>
                ) : (
                  <button
                    type="button"
                    onClick={() => void act(() => api.delete(`/api-keys/${k.id}`))}
                    aria-label={`Revoke key ${k.name}`}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="inline-form"
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          void act(async () => {
            const made = await api.post<{ key: string }>('/api-keys', {
              name: field(data, 'name'),
              roles: [field(data, 'role')],
            });
            setSecret(made.key);
          });
        }}
      >
        <label>
          Key name
          <input name="name" required />
        </label>
        <label>
          Role
          <select name="role" defaultValue="worker">
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit">Make key</button>
      </form>
      <DirectoryPanel />
      <SkillsPanel />
    </section>
  );
}

function UserRow({
  user,
  onChange,
  onDelete,
}: {
  user: User;
  onChange: (patch: Partial<User>) => void;
  onDelete: () => void;
}) {
  const [groups, setGroups] = useState(user.groups.join(', '));
  return (
    <tr>
      <th scope="row">
        {user.username} {user.disabled && <Badge tone="warn">disabled</Badge>}
      </th>
      <td>
        <fieldset className="role-boxes">
          <legend className="visually-hidden">Roles of {user.username}</legend>
          {roles.map((r) => (
            <label key={r} className="inline">
              <input
                type="checkbox"
                checked={user.roles.includes(r)}
                onChange={(e) =>
                  onChange({
                    roles: e.target.checked ? [...user.roles, r] : user.roles.filter((x) => x !== r),
                  })
                }
              />
              {r}
            </label>
          ))}
        </fieldset>
      </td>
      <td>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            onChange({ groups: list(groups) });
          }}
        >
          <label>
            <span className="visually-hidden">Groups of {user.username}</span>
            <input value={groups} onChange={(e) => setGroups(e.target.value)} />
          </label>
          <button type="submit">Save</button>
        </form>
      </td>
      <td>{formatTime(user.createdAt)}</td>
      <td className="row-actions">
        <button type="button" onClick={() => onChange({ disabled: !user.disabled })}>
          {user.disabled ? 'Enable' : 'Disable'}
        </button>
        <button type="button" onClick={onDelete} aria-label={`Delete ${user.username}`}>
          Delete
        </button>
      </td>
    </tr>
  );
}

function NewUser({ onCreate }: { onCreate: (body: unknown) => Promise<void> }) {
  return (
    <form
      className="inline-form"
      aria-label="New user"
      onSubmit={(e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        void onCreate({
          username: field(data, 'username'),
          password: field(data, 'password'),
          roles: [field(data, 'role')],
          groups: list(field(data, 'groups')),
        }).then(() => form.reset());
      }}
    >
      <label>
        New user
        <input name="username" required autoComplete="off" />
      </label>
      <label>
        Password
        <input name="password" type="password" minLength={10} required autoComplete="new-password" />
      </label>
      <label>
        Role
        <select name="role" defaultValue="user">
          {roles.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <label>
        Groups
        <input name="groups" placeholder="sales, finance" />
      </label>
      <button type="submit">Add user</button>
    </form>
  );
}
