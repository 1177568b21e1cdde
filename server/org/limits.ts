// API usage accounting: every REST call counts against a daily allowance reported in the
// `Sforce-Limit-Info: api-usage=N/15000` header and by `GET …/limits`.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
import { SalesforceError } from '../soql/index.js';

export interface ApiUsageOptions {
  /** The daily allowance reported to clients (default 15,000, a Developer Edition org's). */
  readonly max?: number;
  /**
   * Whether calls over the allowance are refused with 403 REQUEST_LIMIT_EXCEEDED. Off by default:
   * a full CRMArena run makes more than 15,000 calls and a benchmark must not fail on a quota.
   */
  readonly enforce?: boolean;
}

export class ApiUsage {
  private used = 0;
  private day = '';
  readonly max: number;
  readonly enforce: boolean;

  constructor(
    private readonly now: () => Date,
    opts: ApiUsageOptions = {},
  ) {
    this.max = opts.max ?? 15_000;
    this.enforce = opts.enforce ?? false;
  }

  /** Counts one API call (the allowance resets at 00:00 UTC of the injected clock). */
  hit(): void {
    this.rollover();
    if (this.enforce && this.used >= this.max) {
      throw new SalesforceError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', 403);
    }
    this.used++;
  }

  /** The `Sforce-Limit-Info` header value. */
  header(): string {
    return `api-usage=${this.used}/${this.max}`;
  }

  get count(): number {
    return this.used;
  }

  /** The body of `GET …/limits` (a representative subset of a real org's keys, in its order). */
  limits(): Record<string, { Max: number; Remaining: number }> {
    this.rollover();
    const remaining = Math.max(0, this.max - this.used);
    const fixed = (max: number) => ({ Max: max, Remaining: max });
    return {
      ActiveScratchOrgs: fixed(3),
      AnalyticsExternalDataSizeMB: fixed(40960),
      ConcurrentAsyncGetReportInstances: fixed(200),
      ConcurrentSyncReportRuns: fixed(20),
      DailyAnalyticsDataflowJobExecutions: fixed(60),
      DailyApiRequests: { Max: this.max, Remaining: remaining },
      DailyAsyncApexExecutions: fixed(250000),
      DailyBulkApiBatches: fixed(15000),
      DailyBulkApiRequests: fixed(10000),
      DailyBulkV2QueryFileStorageMB: fixed(976562),
      DailyBulkV2QueryJobs: fixed(10000),
      DailyGenericStreamingApiEvents: fixed(10000),
      DailyStreamingApiEvents: fixed(10000),
      DailyWorkflowEmails: fixed(390),
      DataStorageMB: fixed(5),
      FileStorageMB: fixed(20),
      HourlyAsyncReportRuns: fixed(1200),
      HourlyDashboardRefreshes: fixed(200),
      HourlyDashboardResults: fixed(5000),
      HourlyDashboardStatuses: fixed(999999999),
      HourlyODataCallout: fixed(10000),
      HourlySyncReportRuns: fixed(500),
      HourlyTimeBasedWorkflow: fixed(50),
      MassEmail: fixed(10),
      SingleEmail: fixed(15),
      StreamingApiConcurrentClients: fixed(20),
    };
  }

  private rollover(): void {
    const day = this.now().toISOString().slice(0, 10);
    if (day !== this.day) {
      this.day = day;
      this.used = 0;
    }
  }
}
