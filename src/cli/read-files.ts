/** Model files named on the command line, read before any store is opened. */
import { readFile } from 'node:fs/promises';
import { CliFailure } from './cli-errors.js';

export interface ModelFile {
  readonly name: string;
  readonly content: Uint8Array;
}

export async function readModelFiles(paths: readonly string[]): Promise<ModelFile[]> {
  return Promise.all(
    paths.map(async (path) => {
      try {
        return { name: path, content: await readFile(path) };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason =
          code === 'ENOENT'
            ? 'no such file'
            : code === 'EISDIR'
              ? 'it is a directory'
              : (error as Error).message;
        throw new CliFailure(
          'file-unreadable',
          `cannot read '${path}': ${reason}`,
          'check the path; give BPMN files (.bpmn) as arguments',
        );
      }
    }),
  );
}
