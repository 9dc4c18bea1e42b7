import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root folder, whether running from sources (cli/) or from the build (out/cli/). */
function findRoot(): string {
    let dir = dirname(fileURLToPath(import.meta.url));
    while (!existsSync(join(dir, 'package.json'))) {
        const parent = dirname(dir);
        if (parent === dir) return process.cwd();
        dir = parent;
    }
    return dir;
}

export const PACKAGE_ROOT = findRoot();
