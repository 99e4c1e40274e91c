import { classifyRecord } from '../../../core/poller/classify';
import type { ClassifiedResource } from '../../../core/poller/classify';

const T = 1_740_000_000_000;
const byUpdated: ClassifiedResource = { filterByUpdatedDate: true, createdCheckToleranceMs: 10_000 };
const byCreated: ClassifiedResource = { filterByUpdatedDate: false, createdCheckToleranceMs: 10_000 };

describe('classifyRecord', () => {
	it.each([
		{ name: 'created and updated together: CREATED', resource: byUpdated, record: {}, updatedMs: T + 3_000, createdMs: T, type: 'CREATED' },
		{ name: 'exactly at the tolerance: CREATED', resource: byUpdated, record: {}, updatedMs: T + 10_000, createdMs: T, type: 'CREATED' },
		{ name: 'just past the tolerance: UPDATED', resource: byUpdated, record: {}, updatedMs: T + 10_001, createdMs: T, type: 'UPDATED' },
		{ name: 'created after updated (clock skew) within tolerance: CREATED', resource: byUpdated, record: {}, updatedMs: T, createdMs: T + 2_000, type: 'CREATED' },
		{ name: 'zero tolerance, same instant: CREATED', resource: { ...byUpdated, createdCheckToleranceMs: 0 }, record: {}, updatedMs: T, createdMs: T, type: 'CREATED' },
		{ name: 'unreadable created date: UPDATED', resource: byUpdated, record: {}, updatedMs: T, createdMs: undefined, type: 'UPDATED' },
		{
			name: 'deleted marker: DELETED',
			resource: { ...byUpdated, deleted: { field: 'status', value: 'deleted' } },
			record: { status: 'deleted' },
			updatedMs: T,
			createdMs: T,
			type: 'DELETED',
		},
		{
			name: 'deleted marker configured as text, sent as a boolean',
			resource: { ...byUpdated, deleted: { field: 'archived', value: 'true' } },
			record: { archived: true },
			updatedMs: T + 60_000,
			createdMs: T,
			type: 'DELETED',
		},
		{
			name: 'deleted marker configured as a number, sent as text',
			resource: { ...byUpdated, deleted: { field: 'meta.is_deleted', value: 1 } },
			record: { meta: { is_deleted: '1' } },
			updatedMs: T + 60_000,
			createdMs: T,
			type: 'DELETED',
		},
		{
			name: 'deleted marker with another value',
			resource: { ...byUpdated, deleted: { field: 'archived', value: true } },
			record: { archived: false },
			updatedMs: T + 60_000,
			createdMs: T,
			type: 'UPDATED',
		},
		{
			name: 'deleted marker field missing',
			resource: { ...byUpdated, deleted: { field: 'archived', value: 'undefined' } },
			record: {},
			updatedMs: T + 60_000,
			createdMs: T,
			type: 'UPDATED',
		},
		{
			name: 'deleted marker null matches null',
			resource: { ...byUpdated, deleted: { field: 'active_flag', value: null } },
			record: { active_flag: null },
			updatedMs: T + 60_000,
			createdMs: T,
			type: 'DELETED',
		},
		{
			name: 'an object never equals text',
			resource: { ...byUpdated, deleted: { field: 'status', value: '[object Object]' } },
			record: { status: { a: 1 } },
			updatedMs: T + 60_000,
			createdMs: T,
			type: 'UPDATED',
		},
		{
			name: 'deleted marker as an object compares structurally',
			resource: { ...byUpdated, deleted: { field: 'state', value: { name: 'gone' } } },
			record: { state: { name: 'gone' } },
			updatedMs: T + 60_000,
			createdMs: T,
			type: 'DELETED',
		},
		{
			name: 'forced type wins over the deleted marker',
			resource: { ...byUpdated, eventType: 'UPDATED' as const, deleted: { field: 'archived', value: true } },
			record: { archived: true },
			updatedMs: T,
			createdMs: T,
			type: 'UPDATED',
		},
		{ name: 'forced DELETED', resource: { ...byUpdated, eventType: 'DELETED' as const }, record: {}, updatedMs: T, createdMs: T, type: 'DELETED' },
		{ name: 'by created date: new since the cursor is CREATED', resource: byCreated, record: {}, updatedMs: T + 86_400_000, createdMs: T, type: 'CREATED' },
		{ name: 'by created date: created before the cursor is not an event', resource: byCreated, record: {}, updatedMs: T + 5_000, createdMs: T - 1, type: undefined },
		{ name: 'by created date: no created date is not an event', resource: byCreated, record: {}, updatedMs: T, createdMs: undefined, type: undefined },
		{
			name: 'by created date: the deleted marker still says DELETED',
			resource: { ...byCreated, deleted: { field: 'deleted', value: true } },
			record: { deleted: true },
			updatedMs: T,
			createdMs: T - 1,
			type: 'DELETED',
		},
	])('$name', ({ resource, record, updatedMs, createdMs, type }) => {
		expect(classifyRecord(record, resource, { updatedMs, createdMs }, T)).toBe(type);
	});
});
