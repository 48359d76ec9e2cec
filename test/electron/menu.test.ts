import type { MenuItemConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { aboutText, installMenu, menuTemplate, type MenuCommand, type MenuOptions } from '../../src-main/electron/menu';
import { APP_VERSION } from '../../src-main/version';
import { BrowserWindow, Menu, dialog, resetFakes, shell } from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

beforeEach(() => resetFakes());

function options(over: Partial<MenuOptions> = {}): MenuOptions & { sent: MenuCommand[] } {
  const sent: MenuCommand[] = [];
  return { isPackaged: true, platform: 'linux', send: (c) => sent.push(c), window: () => null, readmePath: '/opt/sweeplab/README.md', sent, ...over };
}

const sub = (item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const top = (t: MenuItemConstructorOptions[], label: string) => t.find((i) => i.label?.replace('&', '') === label || i.role === label.toLowerCase());
const item = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label);
const click = (i: MenuItemConstructorOptions | undefined) => (i!.click as unknown as () => void)();

describe('application menu', () => {
  it('has File → New Sweep, Open Config…, Export… with their shortcuts, sent to the page', () => {
    const o = options();
    const file = sub(top(menuTemplate(o), 'File'));
    const expected: [string, string, MenuCommand][] = [
      ['New Sweep', 'CmdOrCtrl+N', 'new-sweep'],
      ['Open Config…', 'CmdOrCtrl+O', 'open-config'],
      ['Export…', 'CmdOrCtrl+E', 'export'],
    ];
    for (const [label, accelerator, command] of expected) {
      const i = item(file, label);
      expect(i?.accelerator, label).toBe(accelerator);
      click(i);
      expect(o.sent.at(-1)).toBe(command);
    }
    expect(file.some((i) => i.role === 'quit')).toBe(true);
  });

  it('has Edit as roles, and View with zoom; developer tools only unpackaged', () => {
    const packaged = menuTemplate(options());
    expect(packaged.some((i) => i.role === 'editMenu')).toBe(true);
    const roles = (t: MenuItemConstructorOptions[]) => sub(top(t, 'View')).map((i) => i.role);
    expect(roles(packaged)).toEqual(expect.arrayContaining(['reload', 'resetZoom', 'zoomIn', 'zoomOut']));
    expect(roles(packaged)).not.toContain('toggleDevTools');
    expect(roles(menuTemplate(options({ isPackaged: false })))).toContain('toggleDevTools');
  });

  it('Help → About shows the app and runtime versions; Help → README opens it', async () => {
    const win = new BrowserWindow({ width: 1, height: 1 });
    const help = sub(menuTemplate(options({ window: () => win as unknown as Electron.BrowserWindow })).find((i) => i.role === 'help'));
    click(item(help, 'About Sweeplab'));
    const [parent, box] = dialog.showMessageBox.mock.calls[0] as unknown as [unknown, { message: string; detail: string }];
    expect(parent).toBe(win);
    expect(box.message).toBe(`Sweeplab ${APP_VERSION}`);
    expect(box.detail).toContain(`Node.js ${process.versions.node}`);
    expect(box.detail).toContain(`V8 ${process.versions.v8}`);
    click(item(help, 'Sweeplab README'));
    expect(shell.openPath).toHaveBeenCalledWith('/opt/sweeplab/README.md');
  });

  it('names every runtime in the About text', () => {
    const t = aboutText({ ...process.versions, electron: '38.8.6', chrome: '140.0.1' } as NodeJS.ProcessVersions);
    expect(t.detail.split('\n')).toEqual(['Electron 38.8.6', 'Chrome 140.0.1', `Node.js ${process.versions.node}`, `V8 ${process.versions.v8}`]);
  });

  it('on macOS starts with the app menu (About, Quit) and keeps Quit out of File', () => {
    const t = menuTemplate(options({ platform: 'darwin' }));
    expect(t[0]!.label).toBe('Sweeplab');
    expect(sub(t[0]).map((i) => i.role ?? i.label)).toEqual(expect.arrayContaining(['About Sweeplab', 'hide', 'quit']));
    expect(sub(top(t, 'File')).some((i) => i.role === 'quit')).toBe(false);
    expect(t.some((i) => i.role === 'windowMenu')).toBe(true);
  });

  it('installs the menu as the application menu', () => {
    installMenu(options());
    expect(Menu.setApplicationMenu).toHaveBeenCalledWith(Menu.buildFromTemplate.mock.results[0]!.value);
  });
});
