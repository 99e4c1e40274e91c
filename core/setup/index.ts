export { buildHubSpotHsmeta, HSMETA_FILE, type HsmetaInput, type HsmetaResult, type HsmetaSubscription, type HsmetaWebhooks } from './hubspotHsmeta';
export { buildHubSpotSetupGuide, type SetupGuide, type SetupGuideInput, type SetupGuideResult } from './hubspotSetupGuide';
export { hubspotTestDeliveryCommand, type TestDeliveryInput } from './hubspotTestDelivery';
