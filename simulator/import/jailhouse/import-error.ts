/** Why an input cannot be imported. One message each, naming the file and what is wrong; the CLI exits 2 on it. */
export type ImportErrorCode =
    | 'truncated' | 'bad-signature' | 'wrong-revision' | 'wrong-architecture' | 'size-mismatch' | 'tree-mismatch'
    | 'ambiguous-tree' | 'not-a-system' | 'not-a-cell' | 'bad-value' | 'does-not-compile' | 'unreadable' | 'bad-usage';

export class ImportError extends Error {
    constructor(readonly code: ImportErrorCode, message: string) {
        super(message);
        this.name = 'ImportError';
    }
}
