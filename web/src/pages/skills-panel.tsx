/**
 * The skills of the tenant's people, as the `skills` assignment strategy reads them: written as
 * the modeler writes a task's required skills, `network:3, linux:2` (levels 0 to 5).
 */
import { type FormEvent, useState } from 'react';
import { allPages, api } from '../app/api';
import type { User } from '../app/types';
import { ErrorNote, Loading } from '../app/ui';
import { useLoad } from '../app/use-load';

interface Skill {
  readonly skill: string;
  readonly level: number;
}

const written = (skills: readonly Skill[]): string => skills.map((s) => `${s.skill}:${s.level}`).join(', ');

/** `network:3, linux:2` → skills; a part that is not `name:level` is named in the error. */
function parsed(text: string): Skill[] {
  return text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const found = /^([^\s:]+)\s*:\s*([0-5])$/.exec(part);
      if (!found)
        throw new Error(
          `'${part}' is not a skill: write name:level with a level from 0 to 5, e.g. network:3`,
        );
      return { skill: found[1]!, level: Number(found[2]) };
    });
}

async function skillsOfEveryone(): Promise<{ user: User; skills: Skill[] }[]> {
  const users = await allPages<User>('/users');
  return Promise.all(
    users.map(async (user) => ({
      user,
      skills: (await api.get<{ items: Skill[] }>(`/users/${user.id}/skills`)).items,
    })),
  );
}

export function SkillsPanel() {
  const people = useLoad(skillsOfEveryone, []);
  return (
    <section aria-labelledby="skills-title">
      <h2 id="skills-title">Skills</h2>
      <p className="muted">
        Levels from 0 (aware of it) to 5 (the expert others ask); tasks that require skills go to the best
        match.
      </p>
      <ErrorNote error={people.error} />
      {!people.value ? (
        <Loading what="skills" />
      ) : (
        <table className="table compact">
          <caption className="visually-hidden">Skills per user</caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Skills</th>
            </tr>
          </thead>
          <tbody>
            {people.value.map(({ user, skills }) => (
              <SkillsRow key={user.id} user={user} skills={skills} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function SkillsRow({ user, skills }: { user: User; skills: readonly Skill[] }) {
  const [text, setText] = useState(written(skills));
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      const stored = await api.put<{ items: Skill[] }>(`/users/${user.id}/skills`, { items: parsed(text) });
      setText(written(stored.items));
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <tr>
      <th scope="row">{user.username}</th>
      <td>
        <form className="inline-form" onSubmit={(e) => void save(e)}>
          <label>
            <span className="visually-hidden">Skills of {user.username}</span>
            <input value={text} onChange={(e) => setText(e.target.value)} placeholder="network:3, linux:2" />
          </label>
          <button type="submit" aria-label={`Save the skills of ${user.username}`}>
            Save
          </button>
          {saved && (
            <span className="muted" role="status">
              Saved
            </span>
          )}
        </form>
        <ErrorNote error={error} />
      </td>
    </tr>
  );
}
