// n8n-core writes an encryption-key file into its user folder: keep it out of $HOME and out of the repo. One
// folder for every test file (tests never decrypt stored credentials, so a shared key file is fine), rather
// than one new temporary folder per file and run.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	const folder = join(tmpdir(), 'crm-listeners-n8n-unit');
	mkdirSync(folder, { recursive: true });
	process.env.N8N_USER_FOLDER = folder;
}
