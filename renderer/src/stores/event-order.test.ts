import { describe, expect, it } from 'vitest';
import { EventOrder } from './event-order.js';

describe('EventOrder', () => {
  it('lets an answer apply only to keys that had no event while it was on its way', () => {
    const order = new EventOrder();
    order.eventFor('p#1');
    const fresh = order.requestSent();
    expect(fresh('p#1')).toBe(true);
    order.eventFor('p#2');
    expect(fresh('p#1')).toBe(true);
    expect(fresh('p#2')).toBe(false);
    expect(order.requestSent()('p#2')).toBe(true);
  });

  it('forgets a project', () => {
    const order = new EventOrder();
    const fresh = order.requestSent();
    order.eventFor('p#1');
    order.forget('p#');
    expect(fresh('p#1')).toBe(true);
  });
});
