const { src, dest, parallel } = require('gulp');

// Icons and codex files are not TypeScript: copy them beside the compiled nodes and credentials.
function copyNodeAssets() {
	return src(['nodes/**/*.{svg,png,json}'], { encoding: false }).pipe(dest('dist/nodes'));
}

function copyCredentialAssets() {
	return src(['credentials/**/*.{svg,png}'], { encoding: false, allowEmpty: true }).pipe(dest('dist/credentials'));
}

exports['build:assets'] = parallel(copyNodeAssets, copyCredentialAssets);
