/** Native FOCUS imports land in focus.imported_YYYY_MM, part of the focus.costs view. */
import { focusTables } from '../../focus/tables.ts';

export const NATIVE_SOURCE_TYPE = 'focus';
export const nativeTables = focusTables('imported');
