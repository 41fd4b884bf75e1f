/* How a step is known on every page (pure). */

/** The line a step is known by: its title, a poll's question, a reflection's prompt or a
 *  break's message. */
export function stepHeading(step) {
  if (!step) return "";
  return step.title || step.question || step.prompt || step.message || "";
}
