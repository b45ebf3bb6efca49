import { z } from 'zod';

/**
 * Characters that reorder the text around them when it is shown: the bidirectional embeddings and
 * overrides (U+202A–202E), isolates (U+2066–2069) and marks (U+200E/F, U+061C). In a name or a
 * file name they only serve to deceive: `invoice\u202Egnp.txt` displays as "invoicetxt.png".
 */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** C0 and C1 control characters, NUL included: never part of a one-line value. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/** The same, less the tab and line feed that multi-line text (findings, reasons) legitimately holds. */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/**
 * Characters that show nothing: whitespace, the zero-width space, non-joiner and joiner
 * (U+200B–200D), the word joiner (U+2060) and the byte-order mark (U+FEFF). At the edges of a value
 * they are dropped, so that a name made only of them is empty and refused as missing.
 */
const INVISIBLE_EDGES = /^[\s\u200B-\u200D\u2060\uFEFF]+|[\s\u200B-\u200D\u2060\uFEFF]+$/g;

/** Every invisible or reordering character, for file names, which are cleaned rather than refused. */
const INVISIBLE_OR_BIDI = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/**
 * Text as the platform stores it: Unicode NFC (so that "é" typed as e + U+0301 and "é" typed as
 * one character are the same name, found by the same search), line breaks as `\n`, no invisible
 * characters at either end.
 */
export function tidyText(value: string): string {
  return value.normalize('NFC').replace(/\r\n?/g, '\n').replace(INVISIBLE_EDGES, '');
}

/** Whether a value holds a bidirectional control character (see `BIDI_CONTROL`). */
export const hasBidiControl = (value: string): boolean => BIDI_CONTROL.test(value);

/** Whether a value holds a control character; `multiLine` text may hold tabs and line feeds. */
export const hasControl = (value: string, multiLine = false): boolean => (multiLine ? CONTROL_IN_TEXT : CONTROL).test(value);

/** A value with every invisible and bidirectional control character removed (file names, shown names). */
export const withoutInvisible = (value: string): string => value.replace(INVISIBLE_OR_BIDI, '');

const checked = (multiLine: boolean) =>
  z
    .string()
    .overwrite(tidyText)
    .refine((v) => !hasControl(v, multiLine), {
      message: multiLine
        ? '不能包含控制字符 / must not contain control characters'
        : '不能包含控制字符或换行 / must not contain control characters or line breaks',
    })
    .refine((v) => !hasBidiControl(v), {
      message: '不能包含改变文字方向的字符（如 U+202E） / must not contain bidirectional control characters (such as U+202E)',
    });

/**
 * A one-line value people read as a name: a title, a name, a code. NFC, trimmed of whitespace and
 * zero-width characters (so a name of only `\u200b` is empty and fails `.min(1)`), and refused with
 * 400 naming the field when it holds a control or bidirectional character. Chain `.min()`/`.max()`
 * (which count after the tidying).
 */
export const nameInput = () => checked(false);

/**
 * Multi-line free text: a finding, a reason, a progress report. As `nameInput()`, except that tabs and
 * line breaks are kept (CR LF and CR become LF).
 */
export const textInput = () => checked(true);
