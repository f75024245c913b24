/**
 * The application menu. No reload, no DevTools entry. macOS needs an Edit menu for copy and paste
 * shortcuts; elsewhere there is no menu bar at all.
 */
import type { Menu as MenuType, MenuItemConstructorOptions } from 'electron';

export function menuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] | null {
  if (platform !== 'darwin') return null;
  return [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }];
}

export function installMenu(Menu: Pick<typeof MenuType, 'setApplicationMenu' | 'buildFromTemplate'>, platform: NodeJS.Platform): void {
  const template = menuTemplate(platform);
  Menu.setApplicationMenu(template ? Menu.buildFromTemplate(template) : null);
}
