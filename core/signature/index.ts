export { safeEqual } from './constantTime';
export { decodeHubSpotV3Uri } from './hubspotV3Uri';
export { firstHeader, type RequestHeaders } from './headers';
export { signHubSpotV1, signHubSpotV2, signHubSpotV3 } from './hubspotSign';
export {
	checkHubSpotTimestamp,
	HUBSPOT_TIMESTAMP_REJECT_REASONS,
	type HubSpotTimestampCheck,
	type HubSpotTimestampRejectReason,
} from './hubspotTimestamp';
export {
	verifyHubSpotRequest,
	HUBSPOT_REJECT_REASONS,
	HUBSPOT_SIGNATURE_VERSIONS,
	type HubSpotRejectReason,
	type HubSpotSignatureVersion,
	type HubSpotVerifyInput,
	type HubSpotVerifyResult,
} from './hubspot';
export {
	parseBasicAuth,
	verifyBasicAuth,
	BASIC_AUTH_REJECT_REASONS,
	type BasicAuthRejectReason,
	type BasicAuthResult,
	type BasicCredentials,
} from './basicAuth';
export { SignatureConfigError, SIGNATURE_CONFIG_ERROR_CODES, type SignatureConfigErrorCode } from './errors';
export { derivePipedriveWebhookPassword } from './derivedPassword';
export {
	checkHubSpotVersion,
	type HubSpotPolicyResult,
	type HubSpotVersionPolicy,
} from './hubspotPolicy';
