import type { Action } from '@citysafe/domain';
import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';

/** The same tree of keys as the Chinese messages, every leaf a string: English says everything Chinese says. */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

/** The dotted paths to the leaves of a message tree: 'menu', 'tabs.overview'. */
export type LeafKeys<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${LeafKeys<T[K]>}`;
}[keyof T & string];

/** Where a page appears in the left menu. */
export interface MenuEntry<Label extends string = string> {
  icon: ReactNode;
  /** A key in the module's own messages ('menu'); the menu shows it as `<module>.<label>`. */
  label: Label;
  /** 系统管理 (platform) or 业务模块 (business); the page at `/` (工作台) comes first, above both. */
  group: 'platform' | 'business';
}

/** One page of a module, loaded when first visited so its chunk carries only its own libraries. */
export interface ModuleRoute<Label extends string = string> {
  /** From the root: '/orgs'; '/' is the 工作台. */
  path: string;
  page: LazyExoticComponent<ComponentType>;
  /** The action the route and its menu entry need; null = any logged-in user. */
  permission: Action | null;
  /** The page routes its sub-paths itself (/campaign/:id/tasks), so the route matches `path/*`. */
  nested?: boolean;
  /** Shown in the left menu when the user holds the permission; absent for pages reached by links. */
  menu?: MenuEntry<Label>;
  /**
   * A page anyone may open without logging in (the 公示 of listed hazards): routed beside the login page,
   * outside the signed-in frame, so it has no menu entry and its permission is null.
   */
  public?: boolean;
  /**
   * Starts the page's code and first requests when the app is opened on this path by a signed-in
   * person, alongside the frame rather than after it (App.tsx, warmStart): on a phone each round
   * trip saved is 150 ms. Optional; worth it for the pages people land on.
   */
  prefetch?: (client: QueryClient, can: (action: Action) => boolean) => Promise<unknown>;
}

/**
 * A module's messages in one language, loaded when first needed: the login page's code carries
 * none of them (a phone on a slow line downloads only what the login form needs).
 */
export type MessagesLoader<T> = () => Promise<T>;

/**
 * The web half of a module: its pages, their menu entries and its messages. Its messages are the
 * i18n namespace named by its key, so its pages say `t('<key>.…')`; en-US must have exactly
 * zh-CN's keys. The list in `app/modules.tsx` composes the modules into the router, the menu and
 * the translations.
 */
export interface WebModule<Key extends string = string, Zh extends object = object> {
  key: Key;
  routes: readonly ModuleRoute[];
  /** A component placed in the top bar while someone is logged in (the notification bell). */
  header?: ComponentType;
  locales: { 'zh-CN': MessagesLoader<Zh>; 'en-US': MessagesLoader<Messages<Zh>> };
}

/** Declares a module with its key and messages inferred, and its menu labels checked against its messages. */
export function defineModule<const Key extends string, Zh extends object>(module: {
  key: Key;
  routes: readonly ModuleRoute<NoInfer<LeafKeys<Zh>>>[];
  header?: ComponentType;
  locales: { 'zh-CN': MessagesLoader<Zh>; 'en-US': MessagesLoader<NoInfer<Messages<Zh>>> };
}): WebModule<Key, Zh> {
  return module;
}
