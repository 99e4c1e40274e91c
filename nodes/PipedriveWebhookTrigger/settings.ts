import { NodeOperationError, type INode } from 'n8n-workflow';

import { optionsOf, readListenerSettings, type ListenerSettings, type ParameterReader } from '../shared/listenerOptions';
import {
	PIPEDRIVE_API_KEY_TYPE_NAME,
	PIPEDRIVE_O2_TYPE_NAME,
	type PipedriveCredentialType,
} from '../shared/pipedrive';
import { DEFAULT_DATA_URI, deliveryFilter, PIPEDRIVE_ACTIONS, type PipedriveAction } from './options';

export interface PipedriveSettings {
	listener: ListenerSettings;
	setup: 'register' | 'manual';
	apiCredential: PipedriveCredentialType;
	incomingAuth: 'basicAuth' | 'none';
	entity: string;
	action: PipedriveAction;
	version: '1.0' | '2.0';
	webhookName: string;
	includeRawPayload: boolean;
	eventFilter: string[];
}

export function readPipedriveSettings(node: INode, param: ParameterReader): PipedriveSettings {
	const options = optionsOf(param);
	const setup = param('setup', 'register') === 'manual' ? 'manual' : 'register';
	const entity = String(param('entity', 'deal'));
	const actionRaw = String(param('action', '*'));
	const action = actionRaw === '*' ? '*' : PIPEDRIVE_ACTIONS.find((known) => known === actionRaw);
	if (!action) throw new NodeOperationError(node, `Action: "${actionRaw}" is not a Pipedrive webhook action`);
	if (!/^(\*|[a-z_]+)$/.test(entity)) throw new NodeOperationError(node, `Object: "${entity}" is not a Pipedrive object`);
	return {
		listener: readListenerSettings(node, options, DEFAULT_DATA_URI),
		setup,
		apiCredential: param('apiAuthentication', 'apiKey') === 'oAuth2' ? PIPEDRIVE_O2_TYPE_NAME : PIPEDRIVE_API_KEY_TYPE_NAME,
		incomingAuth: param('incomingAuth', 'basicAuth') === 'none' ? 'none' : 'basicAuth',
		entity,
		action,
		version: param('webhookVersion', '2.0') === '1.0' ? '1.0' : '2.0',
		webhookName: String(param('webhookName', '') ?? '').trim(),
		includeRawPayload: options.includeRawPayload === true,
		eventFilter: deliveryFilter(action, entity),
	};
}
