import { judgeRedirect, type RedirectVerdict } from '../../../core/http';
import fixtures from '../../fixtures/http/redirects.json';

interface Case {
	name: string;
	status: number;
	location?: string;
	method?: string;
	hops?: number;
	current?: string;
	verdict: RedirectVerdict;
}

describe('judgeRedirect: a credential never follows a redirect off the origin it started on', () => {
	it.each(fixtures.cases as Case[])('$name', ({ status, location, method, hops, current, verdict }) => {
		expect(
			judgeRedirect({
				status,
				location,
				method: method ?? 'GET',
				currentUrl: current ?? fixtures.start,
				startUrl: fixtures.start,
				hops: hops ?? 0,
			}),
		).toEqual(verdict);
	});

	it('never follows when the start URL is not http(s)', () => {
		expect(judgeRedirect({ status: 302, location: '/x', method: 'GET', currentUrl: 'ftp://api.example.com/', startUrl: 'ftp://api.example.com/', hops: 0 })).toEqual(
			{ kind: 'refuse', reason: 'invalid-location' },
		);
	});
});
