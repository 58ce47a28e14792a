/** The application menu. Packaged builds get no reload or DevTools entries. */
import type { MenuItemConstructorOptions } from 'electron';

export function buildMenuTemplate(options: { packaged: boolean; platform: NodeJS.Platform; productName: string }): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (options.platform === 'darwin') {
    template.push({
      label: options.productName,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  } else {
    template.push({ label: 'File', submenu: [{ role: 'quit' }] });
  }
  template.push({
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  const view: MenuItemConstructorOptions[] = [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }];
  if (!options.packaged) {
    view.push({ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' });
  }
  template.push({ label: 'View', submenu: view });
  template.push({ role: 'windowMenu' });
  return template;
}
