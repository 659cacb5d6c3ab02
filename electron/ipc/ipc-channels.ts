/** The IPC channels between the preload and main; nothing else crosses. */
export const callChannel = 'kozmic:call';
export const eventChannel = 'kozmic:event';
/** Log subscription frames from the page (contract/log-stream.ts); answers come on eventChannel as 'log'. */
export const logChannel = 'kozmic:log';
/** The name log frames carry on eventChannel. */
export const logEventName = 'log';
/** The name under which main asks the page to show a route (a notification or tray item was clicked). */
export const navigateEventName = 'navigate';
