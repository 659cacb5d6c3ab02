// Raw webhook payloads, one file per delivery, written once and kept out of the shards so paging
// through history never parses them.
import type { DeliveryInput } from '../core/ports.js';
import { MAX_PAYLOAD_CHARS, shorten } from './delivery-bounds.js';
import { corruptFileError } from './file-errors.js';
import { JsonFileAdapter } from './json-file-adapter.js';
import { deliveryPayloadFile } from './store-layout.js';

interface PayloadDocument {
  readonly deliveryId: string;
  readonly event: string;
  readonly receivedAt: string;
  /**
   * The body as received (wrapped, so even a non-JSON body leaves a valid JSON file), or its first
   * MAX_PAYLOAD_CHARS characters when it was longer: what a build needs was read from it already.
   */
  readonly payload: string;
  /** The whole body's length in characters, when `payload` holds only its start. */
  readonly truncatedFrom?: number;
}

const ADVICE = 'Move it out of the data folder; the delivery will then show without its payload.';

export class DeliveryPayloads {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async write(projectId: string, delivery: DeliveryInput): Promise<void> {
    const document: PayloadDocument = {
      deliveryId: delivery.deliveryId,
      event: delivery.event,
      receivedAt: delivery.receivedAt,
      payload: shorten(delivery.payload, MAX_PAYLOAD_CHARS),
      ...(delivery.payload.length > MAX_PAYLOAD_CHARS ? { truncatedFrom: delivery.payload.length } : {}),
    };
    await this.#adapter(projectId, delivery.deliveryId).write(document);
  }

  /** Null when no payload was stored for this id. */
  async read(projectId: string, deliveryId: string): Promise<string | null> {
    const document = await this.#adapter(projectId, deliveryId).read();
    return document?.deliveryId === deliveryId ? document.payload : null;
  }

  #adapter(projectId: string, deliveryId: string): JsonFileAdapter<PayloadDocument> {
    const file = deliveryPayloadFile(this.#dir, projectId, deliveryId);
    return new JsonFileAdapter<PayloadDocument>(file, {
      decode: (text) => {
        let document: Partial<PayloadDocument> | null = null;
        try {
          document = JSON.parse(text) as Partial<PayloadDocument> | null;
        } catch {
          // reported below
        }
        if (typeof document?.deliveryId !== 'string' || typeof document.payload !== 'string') {
          throw corruptFileError(file, 'it is not a delivery payload file', ADVICE);
        }
        return document as PayloadDocument;
      },
    });
  }
}
