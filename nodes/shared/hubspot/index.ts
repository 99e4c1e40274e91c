export {
	accessFrom,
	hubspotBaseUrl,
	HUBSPOT_API_KEY_TYPE_NAME,
	HUBSPOT_APP_CREDENTIAL,
	HUBSPOT_DEFAULT_BASE_URL,
	HUBSPOT_JOURNAL_CREDENTIAL,
	HUBSPOT_O2_TYPE_NAME,
	type HubSpotAppAccess,
} from './credentials';
export {
	clearTargetUrl,
	createSubscription,
	deleteSubscription,
	failOnHttpError,
	getTargetUrl,
	HUBSPOT,
	hubspotAppRequest,
	listSubscriptions,
	setTargetUrl,
	type HubSpotHttpResult,
	type HubSpotSubscription,
} from './webhooksApi';
export { journalApi, subscriptionsApi, type SubscriptionsApi } from './journalApi';
export { renewTokenIfExpiring } from './journalHttp';
