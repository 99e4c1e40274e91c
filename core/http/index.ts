export {
	judgeRedirect,
	MAX_REDIRECTS,
	REDIRECT_REFUSALS,
	REDIRECT_STATUSES,
	type RedirectInput,
	type RedirectRefusal,
	type RedirectVerdict,
} from './redirect';
export { isPlainHost, signedUrlCandidates, withRequestQuery, type RequestUrlInput } from './requestUrl';
