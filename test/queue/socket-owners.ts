// Which process opened a loopback TCP connection, read from Linux's /proc: the client end of the connection
// (local port = the port the server saw as remote) gives a socket inode, and the process holding a descriptor
// on that inode is its owner. The queue-mode suite names the n8n process behind each call the sandbox CRM gets.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface NamedProcess {
	name: string;
	pid: number;
}

/** The inode of the IPv4 socket whose local port is `localPort` and remote port `remotePort`, if any. */
export function socketInode(localPort: number, remotePort: number): string | undefined {
	const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
	const [local, remote] = [`:${hex(localPort)}`, `:${hex(remotePort)}`];
	for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
		// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
		const fields = line.trim().split(/\s+/);
		if (fields.length > 9 && fields[1].endsWith(local) && fields[2].endsWith(remote)) return fields[9];
	}
	return undefined;
}

/** The process among `processes` that holds the socket, or undefined (another process, or gone already). */
export function socketOwner(inode: string, processes: NamedProcess[]): string | undefined {
	const target = `socket:[${inode}]`;
	for (const candidate of processes) {
		let fds: string[];
		try {
			fds = readdirSync(`/proc/${candidate.pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				if (readlinkSync(`/proc/${candidate.pid}/fd/${fd}`) === target) return candidate.name;
			} catch {
				// closed meanwhile
			}
		}
	}
	return undefined;
}

/**
 * A `clientOf` for the sandbox: names the process (of those known when the connection opens) that connected from
 * `remotePort` to the server on `serverPort`; 'unknown' when none of them holds it.
 */
export function processOfConnection(serverPort: () => number, processes: () => NamedProcess[]): (remotePort: number) => string {
	return (remotePort) => {
		const inode = socketInode(remotePort, serverPort());
		return (inode && inode !== '0' && socketOwner(inode, processes())) || 'unknown';
	};
}
