package dev.probation.scan;

import org.treesitter.TSLanguage;
import org.treesitter.TSSymbolType;

/** A language's symbol and field names, read once, so copying a tree needs no string from JNI. */
final class Grammar {

    final TSLanguage language;
    private final String[] symbols;
    private final boolean[] named;
    private final String[] fields;

    Grammar(TSLanguage language) {
        this.language = language;
        int count = language.symbolCount();
        symbols = new String[count];
        named = new boolean[count];
        for (int i = 0; i < count; i++) {
            symbols[i] = language.symbolName(i);
            TSSymbolType type = language.symbolType(i);
            named[i] = type == TSSymbolType.TSSymbolTypeRegular || type == TSSymbolType.TSSymbolTypeSupertype;
        }
        int fieldCount = language.fieldCount();
        fields = new String[fieldCount + 1]; // field ids start at 1; 0 means none
        for (int i = 1; i <= fieldCount; i++) {
            fields[i] = language.fieldNameForId(i);
        }
    }

    String symbol(int id) {
        return id >= 0 && id < symbols.length ? symbols[id] : "ERROR";
    }

    boolean named(int id) {
        return id < 0 || id >= named.length || named[id];
    }

    String field(int id) {
        return id > 0 && id < fields.length ? fields[id] : null;
    }
}
