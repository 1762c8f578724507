package dev.probation.cli;

import dev.probation.scan.ThreatModel;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --threat-model}: the names users write ({@code remote}, {@code local}), for parsing and shell completion. */
final class ThreatModels implements ITypeConverter<ThreatModel>, Iterable<String> {

    @Override
    public ThreatModel convert(String value) {
        return ThreatModel.fromId(value).orElseThrow(() -> new TypeConversionException(
                "unknown threat model '" + value + "'; use " + String.join(" or ", this)));
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(ThreatModel.values()).map(ThreatModel::id).iterator();
    }
}
