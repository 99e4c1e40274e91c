// n8n-core writes an encryption-key file into its user folder: keep it out of $HOME and out of the repo.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'crm-listeners-n8n-'));
}
