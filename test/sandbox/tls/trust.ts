// Trusting the sandbox's certificate inside a test process. Node reads NODE_EXTRA_CA_CERTS once at start-up,
// so a jest process cannot add a CA made at run time that way (a real n8n child process gets it through
// NODE_EXTRA_CA_CERTS). Here the default TLS context of *this process only* also trusts the given PEM, until
// the returned function undoes it; explicit `ca` options are left alone.
import tls from 'node:tls';

export function trustCertificateInThisProcess(pem: string): () => void {
	const original = tls.createSecureContext;
	tls.createSecureContext = (options?: tls.SecureContextOptions) => {
		const context = original(options);
		if (options?.ca === undefined) (context.context as { addCACert(cert: string): void }).addCACert(pem);
		return context;
	};
	return () => {
		tls.createSecureContext = original;
	};
}
