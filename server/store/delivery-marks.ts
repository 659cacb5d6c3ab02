// How far catch-up has looked through each hook's deliveries on GitHub, so the next catch-up reads only
// what came after (core/github-use-cases/delivery-catch-up.ts).
import type { DeliveryMark } from '../core/ports.js';
import type { StoreContext } from './store-context.js';

export function deliveryMark(context: StoreContext, hookId: string): DeliveryMark | null {
  return context.state.data.deliveryMarks?.[hookId] ?? null;
}

export async function setDeliveryMark(context: StoreContext, hookId: string, mark: DeliveryMark): Promise<void> {
  const current = deliveryMark(context, hookId);
  if (current && current.id >= mark.id) return;
  context.state.data.deliveryMarks = { ...context.state.data.deliveryMarks, [hookId]: { ...mark } };
  await context.state.save();
}
