// A prompt set is data: one StrategyPrompt per strategy plus persona lines. Templates use named
// placeholders in braces; only the names below are replaced, so SOSL braces (FIND {term}) survive:
//   {schema} (alias {system_description})  the org's objects and field descriptions
//   {system}                                "Salesforce instance"
//   {persona}                               the persona line of the task's persona
//   {context} / {domain}                    metadata.required / metadata.optional of the task
export interface StrategyPrompt {
  /** The system message. */
  readonly system: string;
  /** Appended to the system message when the task has required context. */
  readonly context: string;
  /** Appended when the task has optional domain details (CRMArena's "aided" mode, which its runs use). */
  readonly domain: string;
  /** Sent as a user message after output the strategy cannot parse (it costs the model a turn). */
  readonly correction: string;
  /** Put before a query result (react / act) or unused (tool strategies answer in tool messages). */
  readonly observationPrefix: string;
}

export interface PromptSet {
  readonly name: string;
  readonly personas: Readonly<Record<string, string>>;
  readonly react: StrategyPrompt;
  readonly act: StrategyPrompt;
  readonly tool_call: StrategyPrompt;
  readonly tool_call_flex: StrategyPrompt;
}
