import { NormalizationMode } from '../../config/app-config';

/*
 * Case changes touch the ASCII letters only. JavaScript's toUpperCase/toLowerCase map other
 * letters onto ASCII (`ſ` → `S`, `K` (Kelvin sign) → `k`, `ı` → `I`) or change the length
 * (`ß` → `SS`), which would let `ſysop` become `Sysop`; the naming conventions are ASCII anyway.
 */
function asciiUpperCase(text: string): string {
  return text.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/**
 * Name normalization (SPEC.md §8.2). Pure functions of the configured mode, so that the same
 * instance serves every module and unit tests need no Nest container.
 */
export class NameNormalizer {
  constructor(private readonly mode: NormalizationMode) {}

  /** Trimmed; blank → null. Extended: whitespace runs → `_`, `_`/`-` runs → one `_`. */
  private prepare(name: string | null | undefined): string | null {
    if (name === null || name === undefined) {
      return null;
    }
    const trimmed = String(name).trim();
    if (trimmed === '') {
      return null;
    }
    if (this.mode === 'simple') {
      return trimmed;
    }
    return trimmed.replace(/\s+/gu, '_').replace(/[_-]+/g, '_');
  }

  private static capitalizeAfterUnderscores(name: string): string {
    return name.replace(/_(.?)/gu, (_, next: string) => asciiUpperCase(next));
  }

  systemName(name: string | null | undefined): string | null {
    const prepared = this.prepare(name);
    if (prepared === null || this.mode === 'simple') {
      return prepared;
    }
    const pascal = NameNormalizer.capitalizeAfterUnderscores(prepared);
    return asciiUpperCase(pascal.charAt(0)) + pascal.slice(1);
  }

  serviceDefinition(name: string | null | undefined): string | null {
    const prepared = this.prepare(name);
    if (prepared === null || this.mode === 'simple') {
      return prepared;
    }
    const camel = NameNormalizer.capitalizeAfterUnderscores(prepared);
    return asciiLowerCase(camel.charAt(0)) + camel.slice(1);
  }

  /** Mode-independent: blank → 1.0.0, `X` → `X.0.0`, `X.Y` → `X.Y.0`. */
  version(version: string | null | undefined): string {
    const trimmed = version === null || version === undefined ? '' : String(version).trim();
    if (trimmed === '') {
      return '1.0.0';
    }
    const parts = trimmed.split('.');
    if (parts.length === 1) {
      return `${trimmed}.0.0`;
    }
    if (parts.length === 2) {
      return `${trimmed}.0`;
    }
    return trimmed;
  }

  /** `<SystemName>|<ServiceDefinitionName>|<Version>`, each existing part normalized on its own. */
  serviceInstanceId(id: string | null | undefined): string | null {
    if (id === null || id === undefined || String(id).trim() === '') {
      return null;
    }
    const parts = splitInstanceId(String(id).trim());
    const normalized = parts.map((part, index) => {
      if (index === 0) return this.systemName(part);
      if (index === 1) return this.serviceDefinition(part);
      if (index === 2) return this.version(part);
      return part.trim();
    });
    return normalized.map((part) => (part === null ? 'null' : part)).join('|');
  }
}

/** Java's `String.split("\\|")`: trailing empty parts are dropped (so `A|b|` has two parts). */
export function splitInstanceId(id: string): string[] {
  const parts = id.split('|');
  while (parts.length > 0 && parts[parts.length - 1] === '') {
    parts.pop();
  }
  return parts;
}
