"""Stage 4b: what each paper argues, claim by claim, from
`papers/<slug>/claims.yml`, for the page that sets the papers side by side."""
