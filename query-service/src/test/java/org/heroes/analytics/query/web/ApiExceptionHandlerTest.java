package org.heroes.analytics.query.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

class ApiExceptionHandlerTest {

    @RestController
    static class ProbeController {

        @GetMapping("/probe/{classroomId}")
        String probe(
                @PathVariable("classroomId") UUID classroomId,
                @RequestParam(name = "from", required = false) String from,
                @RequestParam(name = "to", required = false) String to) {
            TimeRange.parse(from, to);
            throw new UnknownClassroomException(classroomId);
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new ProbeController())
            .setControllerAdvice(new ApiExceptionHandler())
            .build();

    @Test
    void invalidParameterIsProblemJsonNamingTheParameter() throws Exception {
        mvc.perform(get("/probe/" + UUID.randomUUID()).param("from", "soon").param("to", "2026-11-26T10:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.parameter").value("from"));
    }

    @Test
    void missingParameterIsProblemJsonNamingTheParameter() throws Exception {
        mvc.perform(get("/probe/" + UUID.randomUUID()).param("from", "2026-11-26T09:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.parameter").value("to"));
    }

    @Test
    void classroomIdThatIsNoUuidIsABadParameter() throws Exception {
        mvc.perform(get("/probe/not-a-uuid"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.parameter").value("classroomId"));
    }

    @Test
    void unknownClassroomIsNotFoundWithoutTheId() throws Exception {
        UUID classroomId = UUID.randomUUID();

        mvc.perform(get("/probe/" + classroomId)
                        .param("from", "2026-11-26T09:00:00Z")
                        .param("to", "2026-11-26T10:00:00Z"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("No such classroom."));
    }
}
