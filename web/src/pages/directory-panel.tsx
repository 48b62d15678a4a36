/** The groups of the tenant, as its users' records name them. */
import { allPages } from '../app/api';
import type { User } from '../app/types';
import { ErrorNote } from '../app/ui';
import { useLoad } from '../app/use-load';

export function DirectoryPanel() {
  const users = useLoad(() => allPages<User>('/users'), []);
  const groups = new Map<string, string[]>();
  for (const u of users.value ?? [])
    for (const g of u.groups) groups.set(g, [...(groups.get(g) ?? []), u.username]);
  return (
    <section aria-labelledby="groups-title">
      <h2 id="groups-title">Groups</h2>
      <ErrorNote error={users.error} />
      {groups.size === 0 ? (
        <p className="muted">No groups yet: give users groups above.</p>
      ) : (
        <table className="table compact">
          <caption className="visually-hidden">Groups and their members</caption>
          <tbody>
            {[...groups].map(([group, members]) => (
              <tr key={group}>
                <th scope="row">{group}</th>
                <td>{members.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
