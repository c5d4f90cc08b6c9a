package dev.gramian.cli.command;

import dev.gramian.api.plugin.PluginKind;

import java.util.Arrays;
import java.util.Iterator;

/** The labels of every plugin kind, as Picocli completion candidates and in {@code --help}. */
final class PluginKindLabels implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(PluginKind.values()).map(PluginKind::label).iterator();
    }
}
