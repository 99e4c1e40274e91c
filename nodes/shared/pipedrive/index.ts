export {
	accessFrom,
	derivationKey,
	pipedriveBaseUrl,
	PIPEDRIVE_API_KEY_TYPE_NAME,
	PIPEDRIVE_BASIC_AUTH_TYPE_NAME,
	PIPEDRIVE_DEFAULT_BASE_URL,
	PIPEDRIVE_O2_TYPE_NAME,
	type PipedriveAccess,
	type PipedriveCredentialType,
} from './credentials';
export {
	createWebhook,
	deleteWebhook,
	failOnPipedriveError,
	listWebhooks,
	PIPEDRIVE,
	pipedriveRequest,
	type PipedriveHttpResult,
	type PipedriveWebhook,
} from './webhooksApi';
