// Pieces the default strategy prompts share.
export const CONTEXT = '\n\n## Context for this task\n{context}';
export const DOMAIN = '\n\n## Definitions you may need\n{domain}';

export const PERSONAS: Readonly<Record<string, string>> = {
  manager: 'You assist a customer-service manager who oversees the support team and its performance.',
  service_agent: 'You assist a customer-service agent who is working with one customer right now.',
  analyst: 'You assist a business analyst who studies trends in orders, cases and regions.',
};

export const ANSWER_RULES = `Answer rules:
- Give only the answer itself: an Id, a month name, a two-letter state code, or a short text, as the question asks.
- Several answers: separate them with commas.
- If the data holds no answer (no matching record, an empty period, a false premise), answer exactly: None`;
