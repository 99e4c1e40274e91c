import type { IDataObject } from 'n8n-workflow';

interface HasStaticData {
	getWorkflowStaticData(type: string): IDataObject;
}

/** One named value in the node's static data, read through a validator so a damaged entry reads as none. */
export interface StaticSlot<T> {
	load(): T | undefined;
	/** Writes the value, or removes the entry when given undefined. */
	save(value: T | undefined): void;
}

export function staticSlot<T extends object>(ctx: HasStaticData, key: string, read: (value: unknown) => T | undefined): StaticSlot<T> {
	return {
		load: () => read(ctx.getWorkflowStaticData('node')[key]),
		save: (value) => {
			const staticData = ctx.getWorkflowStaticData('node');
			if (value) staticData[key] = value as unknown as IDataObject;
			else delete staticData[key];
		},
	};
}
