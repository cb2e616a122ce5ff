package org.qiandai.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint, with every role, against the allow/deny table in {@code src/test/resources/access-table.csv}.
 * <p>
 * The endpoints are what Spring MVC has mapped ({@link RequestMappingHandlerMapping}), so an endpoint added without a
 * row in the table fails here, and so does a row whose endpoint is gone. Each is called once per role (and once signed
 * out) through the real filter chain, with its path variables and required parameters filled in and an empty JSON or
 * multipart body: a 401, Spring Security's 403 or a redirect to the sign-in page is {@code deny}, any other answer
 * (200, 400, 404, 409 …: the request got past every role check) is {@code allow}. Then the controllers' own
 * {@code @PreAuthorize} checks are tried alone, by calling each handler method on its bean with the role and no
 * arguments: a role the table denies must be refused there too — the URL rules are not the only line.
 * <p>
 * After a deliberate change, rewrite the table from what the application does and review the diff:
 * {@code ./mvnw -pl web-ui -am test -Dtest=AccessTableTests -Dsurefire.failIfNoSpecifiedTests=false -Daccess-table.write=true}.
 */
// the same properties as ApiAccessTests, so that both run in one application context
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "QIANDAI_ADMIN_PASSWORD=" + ApiAccessTests.PASSWORD})
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessTableTests {

    static final Path TABLE = Path.of("src/test/resources/access-table.csv");
    static final List<String> WHO = List.of("ANALYST", "PUBLICITY", "LEADER", "ADMIN", "OFFICER", "DUTY", "anonymous");
    static final String HEADER = "method,path," + String.join(",", WHO);
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::([^}]*))?}");

    @Autowired
    MockMvc mvc;
    @Autowired
    UserAccounts accounts;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    ApplicationContext context;

    @BeforeAll
    void users() {
        for (String who : WHO.subList(0, 6)) {
            accounts.create("access." + who.toLowerCase(), "access-table-password", EnumSet.of(Role.valueOf(who)), List.of("东河区"));
        }
    }

    /** The endpoints: "METHOD path" to its handler, sorted by path. */
    private Map<String, HandlerMethod> endpoints() {
        Map<String, HandlerMethod> endpoints = new TreeMap<>((a, b) -> {
            int byPath = a.substring(a.indexOf(' ')).compareTo(b.substring(b.indexOf(' ')));
            return byPath != 0 ? byPath : a.compareTo(b);
        });
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            Set<String> paths = e.getKey().getPathPatternsCondition() == null ? e.getKey().getPatternValues()
                    : e.getKey().getPathPatternsCondition().getPatternValues();
            Set<org.springframework.web.bind.annotation.RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
            for (String path : paths) {
                if (methods.isEmpty()) {
                    endpoints.put("GET " + path, e.getValue());
                } else {
                    methods.forEach(m -> endpoints.put(m.name() + " " + path, e.getValue()));
                }
            }
        }
        return endpoints;
    }

    @Test
    void everyEndpointWithEveryRoleAnswersAsTheTableSays() throws Exception {
        Map<String, HandlerMethod> endpoints = endpoints();
        Map<String, List<String>> actual = new LinkedHashMap<>();
        for (Map.Entry<String, HandlerMethod> e : endpoints.entrySet()) {
            List<String> row = new ArrayList<>();
            for (String who : WHO) {
                row.add(allowed(e.getKey(), e.getValue(), who) ? "allow" : "deny");
            }
            actual.put(e.getKey(), row);
        }
        List<String> lines = new ArrayList<>(List.of(HEADER));
        actual.forEach((endpoint, row) -> lines.add(endpoint.replace(' ', ',') + "," + String.join(",", row)));
        if (Boolean.getBoolean("access-table.write")) {
            Files.write(TABLE, lines, StandardCharsets.UTF_8);
        }
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/access-table.actual.csv"), lines, StandardCharsets.UTF_8);

        Map<String, List<String>> expected = table();
        List<String> problems = new ArrayList<>();
        for (String endpoint : actual.keySet()) {
            if (!expected.containsKey(endpoint)) {
                problems.add(endpoint + ": not in " + TABLE + " — add a row saying who may call it");
            } else if (!expected.get(endpoint).equals(actual.get(endpoint))) {
                problems.add(endpoint + ": expected " + expected.get(endpoint) + " for " + WHO + " but was " + actual.get(endpoint));
            }
        }
        for (String endpoint : expected.keySet()) {
            if (!actual.containsKey(endpoint)) {
                problems.add(endpoint + ": in the table but no longer mapped — remove its row");
            }
        }
        assertThat(problems).as("the allow/deny table (what the application did: target/access-table.actual.csv)").isEmpty();
    }

    @Test
    void theControllersThemselvesRefuseTheRolesTheTableDenies() throws Exception {
        Map<String, List<String>> expected = table();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, HandlerMethod> e : endpoints().entrySet()) {
            List<String> row = expected.get(e.getKey());
            if (row == null) {
                continue; // the other test says so
            }
            Object bean = context.getBean((String) e.getValue().getBean());
            Method method = e.getValue().getMethod();
            for (int i = 0; i < 6; i++) {
                if (row.get(i).equals("deny") && !refusedByMethodSecurity(bean, method, WHO.get(i))) {
                    problems.add(e.getKey() + " (" + method.getDeclaringClass().getSimpleName() + "." + method.getName() + "): "
                            + WHO.get(i) + " is denied by the URL rules only — add @PreAuthorize");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * The same made-up input (unknown ids, an empty JSON or multipart body, placeholder parameters), sent once per
     * endpoint as the first role the table allows: a client's mistake must get a 4xx that says what is wrong, never a
     * server error.
     */
    @Test
    void noEndpointAnswersMadeUpInputWithAServerError() throws Exception {
        Map<String, List<String>> expected = table();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, HandlerMethod> e : endpoints().entrySet()) {
            List<String> row = expected.get(e.getKey());
            int first = row == null ? -1 : row.indexOf("allow");
            if (first < 0 || e.getKey().endsWith(" /error")) {
                continue; // the error page answers with the status of the request that failed: called alone, a 500
            }
            String who = WHO.get(first);
            String method = e.getKey().substring(0, e.getKey().indexOf(' '));
            String path = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            try {
                MvcResult result = mvc.perform(request(method, path, e.getValue(), who)).andReturn();
                if (result.getResponse().getStatus() >= 500) {
                    problems.add(e.getKey() + " as " + who + ": " + result.getResponse().getStatus() + " " + result.getResolvedException());
                }
            } catch (jakarta.servlet.ServletException failure) {
                problems.add(e.getKey() + " as " + who + ": " + failure.getRootCause());
            }
        }
        assertThat(problems).isEmpty();
    }

    private Map<String, List<String>> table() throws IOException {
        Map<String, List<String>> table = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(TABLE, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo(HEADER);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            assertThat(cells).as(line).hasSize(WHO.size() + 2);
            table.put(cells[0] + " " + cells[1], List.of(cells).subList(2, cells.length));
        }
        return table;
    }

    private boolean allowed(String endpoint, HandlerMethod handler, String who) throws Exception {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = endpoint.substring(endpoint.indexOf(' ') + 1);
        MvcResult result;
        try {
            result = mvc.perform(request(method, path, handler, who)).andReturn();
        } catch (jakarta.servlet.ServletException e) {
            return true; // the handler ran and failed on the made-up input (a 500 on a server): past every role check
        }
        MockHttpServletResponse response = result.getResponse();
        int status = response.getStatus();
        if (status == 401) {
            return false;
        }
        if (status == 403 && result.getResolvedException() == null && response.getErrorMessage() != null) {
            return false; // Spring Security's own refusal (the application's 403s carry a body or a resolved exception)
        }
        String location = response.getHeader("Location");
        return !(status / 100 == 3 && location != null && location.endsWith("/login"));
    }

    private AbstractMockHttpServletRequestBuilder<?> request(String method, String path, HandlerMethod handler, String who) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (Parameter p : handler.getMethod().getParameters()) {
            PathVariable v = p.getAnnotation(PathVariable.class);
            if (v != null) {
                variables.put(name(v.value(), v.name(), p), sample(p.getType()));
            }
        }
        Matcher m = VARIABLE.matcher(path);
        StringBuilder uri = new StringBuilder();
        while (m.find()) {
            String value = m.group(2) != null ? m.group(2).split("\\|")[0] : variables.getOrDefault(m.group(1), "x");
            m.appendReplacement(uri, Matcher.quoteReplacement(value));
        }
        m.appendTail(uri);
        boolean multipart = handler.getMethod().isAnnotationPresent(org.springframework.web.bind.annotation.PostMapping.class)
                && List.of(handler.getMethod().getAnnotation(org.springframework.web.bind.annotation.PostMapping.class).consumes())
                .contains(MediaType.MULTIPART_FORM_DATA_VALUE);
        boolean partParameter = List.of(handler.getMethod().getParameters()).stream().anyMatch(p -> p.isAnnotationPresent(RequestPart.class)
                || p.getType().getName().endsWith("MultipartFile"));
        AbstractMockHttpServletRequestBuilder<?> request;
        if (multipart || (partParameter && !method.equals("GET"))) {
            request = MockMvcRequestBuilders.multipart(HttpMethod.valueOf(method), uri.toString())
                    .file("file", new byte[0]);
        } else {
            request = MockMvcRequestBuilders.request(HttpMethod.valueOf(method), uri.toString());
            if (!method.equals("GET")) {
                boolean json = handler.getMethod().isAnnotationPresent(org.springframework.web.bind.annotation.PostMapping.class)
                        && List.of(handler.getMethod().getAnnotation(org.springframework.web.bind.annotation.PostMapping.class).consumes())
                        .contains(MediaType.APPLICATION_JSON_VALUE)
                        || List.of(handler.getMethod().getParameters()).stream()
                        .anyMatch(p -> p.isAnnotationPresent(org.springframework.web.bind.annotation.RequestBody.class));
                if (json) {
                    request.contentType(MediaType.APPLICATION_JSON).content("{}");
                }
            }
        }
        for (Parameter p : handler.getMethod().getParameters()) {
            RequestParam param = p.getAnnotation(RequestParam.class);
            if (param != null && param.required() && ValueConstants.DEFAULT_NONE.equals(param.defaultValue())
                    && !Map.class.isAssignableFrom(p.getType()) && !p.getType().getName().endsWith("MultipartFile")) {
                request.param(name(param.value(), param.name(), p), sample(p.getType()));
            }
        }
        request.with(csrf());
        if (!who.equals("anonymous")) {
            request.with(user("access." + who.toLowerCase()).roles(who));
        }
        return request;
    }

    private static String name(String value, String name, Parameter p) {
        return !value.isEmpty() ? value : !name.isEmpty() ? name : p.getName();
    }

    private static String sample(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return type == int.class || type == Integer.class ? "2026" : "0";
        }
        if (type == LocalDate.class) {
            return "2026-12-01";
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0].toString();
        }
        if (type == boolean.class || type == Boolean.class) {
            return "false";
        }
        return "x";
    }

    /** Whether the bean's own method security refuses {@code role} before the method runs. */
    private static boolean refusedByMethodSecurity(Object bean, Method method, String role) throws IllegalAccessException {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated("access." + role.toLowerCase(),
                null, List.of(new SimpleGrantedAuthority("ROLE_" + role))));
        try {
            Method target = org.springframework.util.ReflectionUtils.findMethod(bean.getClass(), method.getName(), method.getParameterTypes());
            target.setAccessible(true);
            Object[] args = new Object[method.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                Class<?> t = method.getParameterTypes()[i];
                args[i] = t == int.class ? 0 : t == long.class ? 0L : t == boolean.class ? false : t == double.class ? 0.0 : null;
            }
            target.invoke(bean, args);
            return false;
        } catch (InvocationTargetException e) {
            return e.getCause() instanceof AccessDeniedException;
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
