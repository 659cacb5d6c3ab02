// Labels on what the engine creates, and Docker's label filter syntax.
import { managedLabels } from '../../core/ports.js';

/**
 * Labels of the short-lived helper containers the engine creates for itself (to read an image's
 * /etc/passwd). The managed label is what the core's crash recovery looks for, so a helper left
 * behind by a crash is removed along with job containers.
 */
export const helperLabels: Readonly<Record<string, string>> = {
  ...managedLabels,
  'dev.kozmic.helper': 'read-passwd',
};

/** Docker `filters` matching objects that carry every given label. */
export function labelFilters(labels: Readonly<Record<string, string>>): { label: string[] } {
  return { label: Object.entries(labels).map(([key, value]) => `${key}=${value}`) };
}

/** Docker reports "no labels" as null or leaves the field out; the port always has an object. */
export function labelsOf(
  labels: Readonly<Record<string, string>> | null | undefined,
): Record<string, string> {
  return { ...labels };
}
