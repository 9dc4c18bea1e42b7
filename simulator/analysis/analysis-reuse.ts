/**
 * What one analysis of a system leaves for the next analysis of its next version: the flow results (flow-reuse.ts)
 * and each core's task results (core-task-reuse.ts). Only for analyses without fixes, which attach to the items.
 */
import { CoreTaskReuse } from './core-task-reuse.js';
import { FlowResultReuse } from './flow-reuse.js';

export class AnalysisReuse {
    readonly flows = new FlowResultReuse();
    readonly cores = new CoreTaskReuse();
}
