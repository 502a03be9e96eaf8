import type { AppStats } from '../../domain/stats.js';
import { type Op } from './driver.js';
export declare function appStats(appId: string, since: number, now: number): Op<AppStats>;
