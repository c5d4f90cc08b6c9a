package dev.gramian.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No package of a module depends, through any chain of its own packages, on itself. The
 * dependencies are read from the compiled classes of every module of the reactor (each class
 * file's constant pool: the classes it names and the types in its descriptors and signatures, as
 * {@code jdeps} counts them; Javadoc links leave no trace), so what is checked is what runs. A module
 * that depends on cli (spark) is checked only where its classes were built before this test runs.
 */
class PackageCyclesTest {
    /** A type in a descriptor or signature: {@code Ldev/gramian/api/model/Sequence;}. */
    private static final Pattern DESCRIBED = Pattern.compile("L(dev/gramian/[\\w/$]+)[;<]");

    @Test
    void noModuleHasAPackageCycle() throws IOException {
        Map<String, List<String>> cycles = new TreeMap<>();
        List<Path> modules = moduleDirectories();
        for (Path module : modules) {
            Path classes = module.resolve("target/classes");
            if (buildsOnCli(module) && !Files.isDirectory(classes)) {
                continue; // the reactor builds it after this test runs (a clean build never has its classes here)
            }
            assertTrue(Files.isDirectory(classes), "build " + module.getFileName() + " first: no " + classes);
            Map<String, Map<String, String>> graph = packageGraph(classes);
            List<String> found = cycles(graph);
            if (!found.isEmpty()) {
                cycles.put(module.getFileName().toString(), found);
            }
        }
        assertEquals(Map.of(), cycles, "package cycles (package -> package via class)");
        assertTrue(modules.size() >= 9, "the reactor's modules: " + modules);
    }

    @Test
    void aCycleIsFoundAndNamed() {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        graph.put("a", Map.of("b", "a.X -> b.Y"));
        graph.put("b", Map.of("c", "b.Y -> c.Z"));
        graph.put("c", Map.of("a", "c.Z -> a.X"));
        graph.put("d", Map.of("a", "d.W -> a.X"));
        assertEquals(List.of("a -> b -> c -> a (a.X -> b.Y; b.Y -> c.Z; c.Z -> a.X)"), cycles(graph));
        graph.put("c", Map.of());
        assertEquals(List.of(), cycles(graph));
    }

    @Test
    void dependenciesAreReadFromClassNamesAndDescriptors() throws IOException {
        byte[] bytes;
        try (InputStream in = PackageCyclesTest.class.getResourceAsStream("PackageCyclesTest.class")) {
            bytes = in.readAllBytes();
        }
        Set<String> named = referencedClasses(bytes);
        assertTrue(named.contains("dev/gramian/cli/PackageCyclesTest"), named::toString);
        assertTrue(named.stream().noneMatch(name -> name.startsWith("java/")), "only Gramian's own classes");
        // a descriptor-only reference: a method type naming a class that no class constant names
        byte[] synthetic = classWithUtf8("(Ldev/gramian/api/model/Sequence;)V");
        assertEquals(Set.of("dev/gramian/api/model/Sequence"), referencedClasses(synthetic));
    }

    /** Package to the packages of the same module it depends on, each with one class-level example. */
    private static Map<String, Map<String, String>> packageGraph(Path classes) throws IOException {
        Map<String, Set<String>> classDependencies = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (name.equals("module-info.class")) {
                    continue;
                }
                classDependencies.put(name.substring(0, name.length() - ".class".length()),
                        referencedClasses(Files.readAllBytes(file)));
            }
        }
        Set<String> own = new TreeSet<>();
        classDependencies.keySet().forEach(name -> own.add(packageOf(name)));
        Map<String, Map<String, String>> graph = new TreeMap<>();
        classDependencies.forEach((from, targets) -> {
            String source = packageOf(from);
            Map<String, String> edges = graph.computeIfAbsent(source, p -> new TreeMap<>());
            for (String to : targets) {
                String target = packageOf(to);
                if (!target.equals(source) && own.contains(target)) {
                    edges.putIfAbsent(target, dotted(from) + " -> " + dotted(to));
                }
            }
        });
        return graph;
    }

    /**
     * Every cycle, one per strongly connected component of more than one package, as the shortest
     * path round from its first package with the class that makes each step.
     */
    static List<String> cycles(Map<String, Map<String, String>> graph) {
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected(graph)) {
            if (component.size() < 2) {
                continue;
            }
            String start = component.iterator().next();
            List<String> path = shortestRound(graph, component, start);
            List<String> because = new ArrayList<>();
            for (int i = 0; i + 1 < path.size(); i++) {
                because.add(graph.get(path.get(i)).get(path.get(i + 1)));
            }
            cycles.add(String.join(" -> ", path) + " (" + String.join("; ", because) + ")");
        }
        return cycles;
    }

    private static List<Set<String>> stronglyConnected(Map<String, Map<String, String>> graph) {
        // Kosaraju: finish order on the graph, then components on the reversed graph.
        List<String> order = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (String node : graph.keySet()) {
            visit(node, graph, seen, order);
        }
        Map<String, Set<String>> reversed = new TreeMap<>();
        graph.forEach((from, edges) -> edges.keySet().forEach(to ->
                reversed.computeIfAbsent(to, k -> new TreeSet<>()).add(from)));
        List<Set<String>> components = new ArrayList<>();
        Set<String> assigned = new TreeSet<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            String root = order.get(i);
            if (assigned.contains(root)) {
                continue;
            }
            Set<String> component = new TreeSet<>();
            Deque<String> stack = new ArrayDeque<>(List.of(root));
            assigned.add(root);
            while (!stack.isEmpty()) {
                String node = stack.pop();
                component.add(node);
                for (String next : reversed.getOrDefault(node, Set.of())) {
                    if (assigned.add(next)) {
                        stack.push(next);
                    }
                }
            }
            components.add(component);
        }
        return components;
    }

    private static void visit(String node, Map<String, Map<String, String>> graph, Set<String> seen,
                              List<String> order) {
        if (!seen.add(node)) {
            return;
        }
        for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
            visit(next, graph, seen, order);
        }
        order.add(node);
    }

    private static List<String> shortestRound(Map<String, Map<String, String>> graph, Set<String> within,
                                              String start) {
        Map<String, String> previous = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String node = queue.poll();
            for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
                if (!within.contains(next)) {
                    continue;
                }
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String at = node; !at.equals(start); at = previous.get(at)) {
                        path.add(1, at);
                    }
                    path.add(start);
                    return path;
                }
                if (!previous.containsKey(next)) {
                    previous.put(next, node);
                    queue.add(next);
                }
            }
        }
        throw new IllegalStateException("no way round from " + start + " in " + within);
    }

    /** The Gramian classes a class file names: class constants, and types in descriptors and signatures. */
    static Set<String> referencedClasses(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                default -> throw new IOException("unknown constant-pool tag " + tag);
            }
        }
        Set<String> named = new TreeSet<>();
        for (int index : classNames) {
            String name = utf8[index].startsWith("[") ? null : utf8[index];
            if (name != null && name.startsWith("dev/gramian/")) {
                named.add(name);
            }
        }
        for (String text : utf8) {
            if (text != null) {
                Matcher type = DESCRIBED.matcher(text);
                while (type.find()) {
                    named.add(type.group(1));
                }
            }
        }
        return named;
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
    }

    private static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }

    /** Whether {@code module} depends on this one, so that the reactor builds it after cli's tests. */
    private static boolean buildsOnCli(Path module) throws IOException {
        return Files.readString(module.resolve("pom.xml")).contains("<artifactId>gramian-cli</artifactId>");
    }

    private static List<Path> moduleDirectories() throws IOException {
        Path root = InProcessGramian.projectRoot();
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve("pom.xml")));
        List<Path> modules = new ArrayList<>();
        while (module.find()) {
            modules.add(root.resolve(module.group(1).trim()));
        }
        return modules;
    }

    /** A minimal class file whose constant pool holds one UTF-8 entry and nothing else. */
    private static byte[] classWithUtf8(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0xCAFEBABE);
        out.writeShort(0);
        out.writeShort(61);
        out.writeShort(2);
        out.writeByte(1);
        out.writeUTF(text);
        return bytes.toByteArray();
    }
}
