// The application menu: the platform's standard menus (by role, so shortcuts and wording are native)
// plus Kozmic's own items.
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface AppMenuActions {
  readonly navigate: (path: string) => void;
  readonly openDataFolder: () => void;
}

export function installAppMenu(platform: NodeJS.Platform, actions: AppMenuActions): void {
  const kozmicItems: MenuItemConstructorOptions[] = [
    { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: () => actions.navigate('/projects/new') },
    { label: 'Settings', accelerator: 'CmdOrCtrl+,', click: () => actions.navigate('/settings') },
    { label: 'Open Data Folder', click: () => actions.openDataFolder() },
  ];
  const template: MenuItemConstructorOptions[] = [
    ...(platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      // "Close" hides the window (Kozmic keeps building); "Quit" asks the core to stop.
      submenu: [...kozmicItems, { type: 'separator' }, { role: 'close' }, { role: 'quit' }],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
