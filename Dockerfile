# QkdNetSim's CLI in a container (README "Docker"): built with the official .NET SDK image, run on the .NET runtime image.
#
#   docker build -t qkdnetsim .
#   docker run --rm --user "$(id -u)" -v "$PWD/runs:/work/runs" qkdnetsim run --duration 5
#   docker run --rm --user "$(id -u)" -v "$PWD/runs:/work/runs" qkdnetsim run networks/seed004-fig3a-splitter.yaml --duration 5
#
# The image holds the published CLI in /opt/qkdnetsim with the models/ it was built with beside it (the default model root,
# so `run networks/...` finds the packaged models from any working directory); outputs go to /work (mount a folder there).
# Not built on the project's machines: they reach no container registry (the tool package test stands in, see README).

# Build stage: the SDK restores and publishes portable IL (`dotnet publish` leaves out the CLI's ReadyToRun build step).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props ./
COPY src/ src/
COPY models/ models/
RUN dotnet publish src/QkdNetSim.Cli -c Release -o /app \
 && test -f /app/models/networks/seed004-fig3a-splitter.yaml

# Run stage: the .NET runtime alone, plus a font for the figures `run` draws (timeseries.png).
FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /opt/qkdnetsim
RUN mkdir -p /work && chown "$APP_UID" /work
USER $APP_UID
WORKDIR /work
ENTRYPOINT ["dotnet", "/opt/qkdnetsim/qkdnetsim.dll"]
CMD ["--help"]
