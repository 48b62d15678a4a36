/**
 * A user's skills in the directory (levels 0 to 5), which the `skills` assignment strategy
 * reads. The directory knows people by the names their accounts sign in with, so a user of
 * the caller's tenant is the only door to it: the directory itself has no tenants. Setting the
 * skills replaces them all, in one directory change that is checked before anything is written.
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { MAX_SKILL_LEVEL, MIN_SKILL_LEVEL } from '../../work/directory/directory-types.js';
import { describeProblem, DirectoryError } from '../../work/directory/directory.js';
import { loaded } from '../access/object-rules.js';
import { HttpProblem } from '../http/problem-details.js';
import { defineRoute, idParam, jsonBody } from '../http/route-spec.js';
import type { ServerEnv } from '../server-env.js';

const skillSchema = z
  .object({
    skill: z.string().min(1).max(100),
    level: z.number().int().min(MIN_SKILL_LEVEL).max(MAX_SKILL_LEVEL),
  })
  .openapi('UserSkill');
const skillsSchema = z.object({ items: z.array(skillSchema) }).openapi('UserSkills');

export const skillRoutes = {
  getSkills: defineRoute({
    method: 'get',
    path: '/api/v1/users/{id}/skills',
    tags: ['users'],
    summary: 'The skills of a user of the tenant, with their levels (0 to 5)',
    access: { roles: ['admin'], object: 'user' },
    request: { params: idParam },
    responses: {
      200: { description: 'The skills, by name.', content: { 'application/json': { schema: skillsSchema } } },
    },
  }),
  setSkills: defineRoute({
    method: 'put',
    path: '/api/v1/users/{id}/skills',
    tags: ['users'],
    summary: 'Replace the skills of a user of the tenant',
    access: { roles: ['admin'], object: 'user' },
    problems: [422],
    request: { params: idParam, body: jsonBody(z.object({ items: z.array(skillSchema).max(200) })) },
    responses: {
      200: {
        description: 'The skills as stored.',
        content: { 'application/json': { schema: skillsSchema } },
      },
    },
  }),
};

export function mountSkillRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(skillRoutes.getSkills, async (c) => {
    const person = loaded(c, 'user').username;
    const skills = await c.get('services').sluice.work.directory.skills({ userId: person });
    return c.json({ items: skills.map(({ skill, level }) => ({ skill, level })) }, 200);
  });

  app.openapi(skillRoutes.setSkills, async (c) => {
    const person = loaded(c, 'user').username;
    const { items } = c.req.valid('json');
    const directory = c.get('services').sluice.work.directory;
    const known = await directory.user(person);
    try {
      await directory.apply({
        ...(!known && { users: [{ id: person, name: person, active: true }] }),
        skills: items.map(({ skill, level }) => ({ userId: person, skill, level })),
        replace: { skillsOfUsers: [person] },
      });
    } catch (error) {
      if (!(error instanceof DirectoryError)) throw error;
      throw new HttpProblem(
        422,
        'skills-refused',
        error.problems.map(describeProblem).join('; '),
        'name each skill once, without spaces, commas, colons or semicolons, at a level from 0 to 5',
      );
    }
    const skills = await directory.skills({ userId: person });
    return c.json({ items: skills.map(({ skill, level }) => ({ skill, level })) }, 200);
  });
}
