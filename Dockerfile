# The newsarchive image: Airflow's official image (the Airflow and Python versions the project
# pins in requirements.lock) plus the project and its pinned dependencies. Every Airflow service
# of docker-compose.yml runs it: api-server, scheduler, dag-processor, triggerer, celery workers.
ARG AIRFLOW_VERSION=3.3.2
ARG PYTHON_VERSION=3.11
FROM apache/airflow:${AIRFLOW_VERSION}-python${PYTHON_VERSION}

USER airflow
WORKDIR /opt/newsarchive

# Dependencies first, so code changes do not reinstall them. requirements.lock is a full freeze
# of a working install (Airflow included): what Airflow's constraint files are for.
COPY --chown=airflow:0 requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock

# The crawl runs `scrapy crawl` with this directory as its working directory (scrapy.cfg).
COPY --chown=airflow:0 pyproject.toml README.md scrapy.cfg ./
COPY --chown=airflow:0 pipeline/ pipeline/
COPY --chown=airflow:0 spiders/ spiders/
COPY --chown=airflow:0 dags/ dags/
COPY --chown=airflow:0 config/ config/
RUN pip install --no-cache-dir --no-deps -e .

ENV PYTHONPATH=/opt/newsarchive \
    AIRFLOW__CORE__DAGS_FOLDER=/opt/newsarchive/dags \
    NEWSARCHIVE_CONFIG_DIR=/opt/newsarchive/config
