export { EVENT_TYPES, type EventHeader, type EventType, type NormalisedEvent } from './types';
export { NORMALISE_REJECT_REASONS, type NormaliseRejectReason, type NormaliseResult } from './result';
export { normaliseHubSpotDelivery, type HubSpotNormaliseOptions } from './hubspot';
export { HUBSPOT_ACTION_EVENT_TYPES } from './hubspotAppEvent';
export { HUBSPOT_WORKFLOW_SUBSCRIPTION } from './hubspotWorkflowRecord';
export {
	HUBSPOT_OBJECT_TYPES,
	hubspotObjectTypeById,
	hubspotObjectTypeFromId,
	hubspotObjectTypeIdOf,
	isHubSpotObjectTypeId,
	parseCustomObjectNames,
	type CustomObjectNames,
	type HubSpotObjectType,
} from './hubspotObjectTypes';
export {
	HUBSPOT_EVENT_OPTIONS,
	parseHubSpotEvent,
	type HubSpotEventKind,
	type HubSpotEventSelection,
} from './hubspotEventCatalog';
export { normalisePipedriveDelivery, type PipedriveNormaliseOptions } from './pipedrive';
export { PIPEDRIVE_V1_ACTION_EVENT_TYPES } from './pipedriveV1';
export { PIPEDRIVE_V2_ACTION_EVENT_TYPES } from './pipedriveV2';
export { MAX_TRACE_KEY_LENGTH } from './traceKey';
export { isoFromTimestamp, isoFromEpochMs, isoFromEpochMicros } from './timestamp';
export { HUBSPOT_DEFAULT_DATA_URI, HUBSPOT_DEFAULT_DATA_URI_REQUIRES, addHubSpotObjectTypeId } from './hubspotRecordLink';
