/** The two IPC channels between the preload and main; nothing else crosses. */
export const callChannel = 'kozmic:call';
export const eventChannel = 'kozmic:event';
